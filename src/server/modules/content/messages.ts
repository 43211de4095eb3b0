import { registerMessages } from '../../platform/http/index.ts';

registerMessages({
  'zh-CN': {
    'content.categoryNotFound': '找不到该板块',
    'content.categorySlugTaken': '该板块标识已被使用',
    'content.postNotFound': '找不到该帖子',
    'content.commentNotFound': '找不到该评论',
    'content.parentNotFound': '要回复的评论不存在或不属于该帖子',
    'content.notAuthor': '只有作者或版主可以修改这条内容',
    'content.emptyText': '内容不能为空',
    'content.tagRule': '标签为 1–32 个字符，不能包含空白或标点',
    'content.tooManyTags': '最多 {limit} 个标签',
    'content.postingLimited': '发帖太频繁了，请在 {seconds} 秒后重试',
  },
  en: {
    'content.categoryNotFound': 'No such category',
    'content.categorySlugTaken': 'That category slug is taken',
    'content.postNotFound': 'No such post',
    'content.commentNotFound': 'No such comment',
    'content.parentNotFound': 'The comment you reply to does not exist in this post',
    'content.notAuthor': 'Only the author or a moderator can change this',
    'content.emptyText': 'The text must not be empty',
    'content.tagRule': 'Tags are 1–32 characters without spaces or punctuation',
    'content.tooManyTags': 'At most {limit} tags',
    'content.postingLimited': 'You are posting too fast; try again in {seconds} seconds',
  },
});
