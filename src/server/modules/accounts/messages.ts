import { registerMessages } from '../../platform/http/index.ts';

registerMessages({
  'zh-CN': {
    'accounts.usernameTaken': '该用户名已被使用',
    'accounts.emailTaken': '该邮箱已被注册',
    'accounts.usernameRule': '用户名为 3–32 个字符，只能包含字母、数字、下划线、点和连字符，并以字母或数字开头',
    'accounts.passwordLength': '密码长度需为 8–128 个字符',
    'accounts.passwordCommon': '这个密码太常见，很容易被猜到，请换一个',
    'accounts.passwordContainsName': '密码不能包含用户名',
    'accounts.badCredentials': '用户名/邮箱或密码不正确',
    'accounts.loginThrottled': '登录失败次数过多，请在 {seconds} 秒后重试',
    'accounts.registerThrottled': '注册过于频繁，请在 {seconds} 秒后重试',
    'accounts.userNotFound': '找不到该用户',
    'accounts.cannotFollowSelf': '不能关注自己',
    'accounts.tokenNotFound': '找不到该访问令牌',
    'accounts.suspended': '该账号已被停用',
  },
  en: {
    'accounts.usernameTaken': 'That username is taken',
    'accounts.emailTaken': 'That e-mail address is already registered',
    'accounts.usernameRule': 'Usernames are 3–32 characters of letters, digits, underscore, dot and hyphen, starting with a letter or digit',
    'accounts.passwordLength': 'Passwords must be 8 to 128 characters long',
    'accounts.passwordCommon': 'That password is too common and easy to guess; choose another',
    'accounts.passwordContainsName': 'The password must not contain the username',
    'accounts.badCredentials': 'Wrong username/e-mail or password',
    'accounts.loginThrottled': 'Too many failed sign-ins; try again in {seconds} seconds',
    'accounts.registerThrottled': 'Too many registrations; try again in {seconds} seconds',
    'accounts.userNotFound': 'No such user',
    'accounts.cannotFollowSelf': 'You cannot follow yourself',
    'accounts.tokenNotFound': 'No such access token',
    'accounts.suspended': 'This account is suspended',
  },
});
