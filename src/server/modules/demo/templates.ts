/**
 * The demo community's boards and the templates their posts and replies are written from.
 * A post is a title, an opening, zero to two middle parts (lists, bold, a link now and then)
 * and an ending, so lengths and shapes vary like real posts do.
 */
import type { PostKind } from '../content/index.ts';

export interface BoardTemplate {
  slug: string;
  name: string;
  description: string;
  kind: PostKind;
  /** Relative share of the posts. */
  weight: number;
  titles: string[];
  openings: string[];
  middles: string[];
  endings: string[];
  replies: string[];
  tags: string[];
}

export const boards: BoardTemplate[] = [
  {
    slug: 'xinren', name: '新人报到', description: '新朋友来这里打个招呼，介绍一下自己吧', kind: 'discussion', weight: 2,
    titles: ['新人报到，来自{city}的{job}', '大家好，我是刚加入的{hobby}爱好者', '潜水半年终于注册了', '报到！{city}{district}有同好吗', '第一次发帖，请多关照', '来自{city}的新人，喜欢{hobby}和{hobby2}'],
    openings: ['大家好！我在{city}做{job}，朋友推荐来的，看了几天觉得氛围很好，就注册了。', '潜水很久了，今天终于鼓起勇气发第一个帖子。我是{job}，平时住在{city}{district}附近。', '哈喽各位～我是新来的，平时喜欢{hobby}，最近也在尝试{hobby2}。'],
    middles: ['简单介绍一下自己：\n\n- 坐标：{city}\n- 职业：{job}\n- 爱好：{hobby}、{hobby2}\n- 最近在读：{book}', '来这里主要是想：\n\n1. 认识一些同城的朋友\n2. 多学点**{skill}**方面的经验\n3. 偶尔分享一下自己{hobby}的照片', '之前在别的论坛待过，感觉那边广告太多了，这里干净很多。'],
    endings: ['以后请多多指教！', '有{city}的朋友可以约一起{hobby}呀～', '先发个帖混个脸熟，溜了溜了。', '希望能在这里待很久 😄'],
    replies: ['欢迎欢迎！', '欢迎新朋友～我也在{city}', '欢迎！{hobby}区有很多大佬，可以去逛逛', '欢迎加入，记得每天签到领积分哦', '同是{job}，握爪', '欢迎！先去看看版规和置顶帖～', '哇，也喜欢{hobby}，以后多交流'],
    tags: ['新人', '自我介绍', '同城'],
  },
  {
    slug: 'jingyan', name: '经验分享', description: '生活、工作、爱好里踩过的坑和攒下的经验', kind: 'article', weight: 4,
    titles: ['用了{n}个月{product}，说说真实感受', '{hobby}入门一年，总结了几条经验', '坚持{skill}{n}天，我的一些心得', '{product}选购避坑指南（个人向）', '{city}租房{n}年，踩过的坑都在这了', '新手学{hobby}，这些弯路别再走了', '关于{skill}，我终于找到适合自己的方法', '{trip}自由行{n}天攻略，附花费明细'],
    openings: ['先说结论：{feeling}。下面详细讲讲。', '这篇写了好几天，尽量把自己的经验都整理出来，希望对大家有用。', '去年这个时候我还是个纯新手，现在回头看，走了不少弯路。', '经常有朋友问我这个问题，干脆写个帖子统一回答。'],
    middles: ['我觉得最重要的几点：\n\n1. **先想清楚需求**，别被参数带着走\n2. 预算控制在{n}00 元以内就够用了\n3. 一定要先试用，{brandish}也完全可以\n4. 坚持比装备重要得多', '说几个踩过的坑：\n\n- 一开始贪便宜买了{brandish}，结果用了两周就坏了\n- 没做功课就跟风，后来发现根本不适合自己\n- **不要一次买太多**，先用起来再说', '时间安排上，我一般是早上{skill}半小时，晚上{hobby}一小时，周末集中练习。坚持了{n}周之后明显感觉到变化。', '费用大概是这样：交通 {n}00 元，住宿每晚 {n}00 元左右，吃饭看个人，{food}一定要试试。', '参考资料我放在这里了：[入门清单](https://example.com/guide)，写得比我清楚。', '> 最好的开始时间是十年前，其次是现在。\n\n这句话送给还在犹豫的朋友。'],
    endings: ['以上都是个人经验，欢迎补充和指正。', '有问题可以评论区问我，看到都会回。', '希望对大家有帮助，觉得有用的话点个赞吧～', '写得比较乱，大家将就着看。'],
    replies: ['{praise}！', '{praise}，尤其是第二点，我之前就踩过这个坑', '请问{product}具体是哪个型号？', '楼主写得好用心，点赞', '同感，坚持真的最重要', '我补充一点：买之前可以先去线下店试试', '收藏了，周末照着试试', '看完立刻下单了哈哈', '想问下预算有限的话怎么选？', '干货！建议加精'],
    tags: ['经验', '避坑', '干货', '好物推荐', '攻略'],
  },
  {
    slug: 'wenda', name: '问答求助', description: '遇到问题就来问，热心网友在线解答', kind: 'question', weight: 4,
    titles: ['{product}和{product2}该选哪个？', '求助：{device}上{feature}{problem}怎么办', '想学{hobby}，零基础从哪里开始？', '在{city}有什么好的{hobby}去处推荐吗？', '{age}岁转行做{job}还来得及吗？', '有没有适合新手的{hobby}入门书？', '请问大家是怎么坚持{skill}的？', '{trip}{season}去合适吗？'],
    openings: ['如题，纠结好几天了，来问问大家的意见。', '搜了一圈没找到答案，只好来发帖求助了。', '情况是这样的：', '萌新提问，问题可能有点傻，大家轻喷。'],
    middles: ['我的情况：\n\n- 预算：{n}000 元左右\n- 主要用途：日常{hobby}\n- 之前用过{brandish}{product}', '已经试过这些办法了：\n\n1. 重启、重新登录\n2. 清缓存\n3. 换了网络\n\n都没用，**问题还是会出现**。', '我的设备是{device}，版本是最新的。大概从上周开始出现的。', '身边没有懂的朋友，只能在网上自己摸索，感觉效率很低。'],
    endings: ['先谢谢各位了！', '在线等，挺急的 🙏', '有经验的朋友麻烦指点一下，谢谢！', '如果有类似经历的也欢迎交流。'],
    replies: ['我之前也遇到过，退出重新登录就好了', '看需求，如果主要是{hobby}的话选前者', '推荐{book}，很适合入门', '{city}的话可以去{district}那边看看，挺多同好的', '来得及，我就是{age}岁转的，现在挺好', '先从最简单的开始，每天十分钟就行', '可以看看经验分享区的置顶帖', '同问，蹲一个答案', '试试更新到最新版本，我这边更新后就正常了', '别纠结了，预算够就买好一点的，省得以后换'],
    tags: ['求助', '选购', '新手', '提问'],
  },
  {
    slug: 'huodong', name: '活动公告', description: '线上线下活动、主题征集和社区公告', kind: 'discussion', weight: 1,
    titles: ['【线下活动】{weekday}{city}{hobby}小聚，报名开始啦', '【征集】你的{season}{hobby}照片', '【公告】社区{feature}功能上线', '【线上分享会】{job}的一天，{weekday}{time}见', '【打卡挑战】{n}天{skill}计划，一起来', '【周末活动】{city}城市徒步第{n}期'],
    openings: ['各位炉友好！', '大家期待已久的活动来了！', '经过好几周的筹备，这次活动终于定下来了。', '感谢大家一直以来的支持，这次给大家带来一个新活动。'],
    middles: ['**活动信息**\n\n- 时间：{weekday}{time}\n- 地点：{city}{place}\n- 人数：限 {n}0 人\n- 费用：AA，大约每人 {n}0 元', '**参与方式**\n\n1. 在本帖回复报名\n2. 按要求完成打卡或投稿\n3. 活动结束后统一公布结果', '**奖励**：参与即得 {n}0 积分，优秀作品额外送积分商城兑换券一张。', '详细规则见[活动说明](https://example.com/event)，有疑问在评论区提出。'],
    endings: ['名额有限，先到先得！', '期待和大家见面～', '欢迎转发给身边感兴趣的朋友。', '最终解释权归社区运营团队所有。'],
    replies: ['报名！', '报名+1，带一个朋友可以吗？', '{weekday}有事去不了，下次一定', '终于等到了！', '请问新手也可以参加吗？', '已报名，期待', '能不能也在{city2}办一场', '这个活动好棒，支持运营小姐姐', '打卡第一天完成 ✅', '求问具体集合地点'],
    tags: ['活动', '公告', '线下', '打卡'],
  },
  {
    slug: 'fankui', name: '产品反馈', description: '对社区功能的建议和问题反馈，运营和开发会定期处理', kind: 'discussion', weight: 2,
    titles: ['建议：{feature}能不能加个开关', '{app}上{feature}{problem}', '反馈一个小问题：{feature}有时候{problem}', '希望增加{feature}的批量操作', '新版{feature}好评！', '关于{feature}的几点建议'],
    openings: ['用了一段时间，整体体验很好，有几个小建议。', '今天遇到一个问题，来反馈一下。', '先夸一下，最近更新越来越好用了。'],
    middles: ['复现步骤：\n\n1. 打开{app}\n2. 进入{feature}\n3. 切换到后台再回来\n\n**预期**：正常显示\n**实际**：{problem}', '设备：{device}，网络是家里的 Wi-Fi，换成流量也一样。', '具体建议：\n\n- {feature}可以按时间排序\n- 增加一个"只看关注的人"\n- 夜里的通知能不能静音'],
    endings: ['辛苦开发同学了！', '希望能考虑一下，谢谢～', '不知道其他人有没有遇到同样的问题。'],
    replies: ['我也遇到了，{device}上一样', '+1，强烈支持这个建议', '已记录，下个版本会修复，感谢反馈！', '这个问题上周更新后我这边好了', '同求这个功能', '开发同学辛苦了', '建议再加一个导出功能'],
    tags: ['反馈', '建议', 'bug'],
  },
  {
    slug: 'xianliao', name: '闲聊灌水', description: '想到什么聊什么，轻松一点', kind: 'discussion', weight: 4,
    titles: ['{city}{season}{weather}，大家那边呢', '今天吃了{food}，幸福感爆棚', '晒晒我家的{pet}', '周末大家都在干嘛？', '打工人的{weekday}，你在想什么', '突然想念{city}的{food}了', '聊聊你最近在看的书', '有没有一起{hobby}的搭子'],
    openings: ['无聊来水一帖。', '今天心情不错，来分享一下。', '下班路上突然想到这个话题。', '{season}{weather}，整个人都懒洋洋的。'],
    middles: ['最近在看{book}，看到一半，感觉{feeling}。', '今天去{district}转了一圈，人超级多，{food}排了半小时队。', '我家{pet}今天把我的{product}推到地上了，我已经不想说话了 😂', '周末计划：睡到自然醒 → {hobby} → 吃{food} → 早睡（大概率做不到）'],
    endings: ['你们呢？', '评论区聊聊～', '就这样，继续搬砖去了。', '晚安各位。'],
    replies: ['哈哈哈哈哈', '羡慕了', '我这边也{weather}', '{pet}好可爱！求更多照片', '{food}yyds', '同款周末计划', '我在看{book}，推荐', '搭子+1，{city}的', '看饿了', '太真实了'],
    tags: ['日常', '闲聊', '萌宠', '美食'],
  },
  {
    slug: 'lvxing', name: '摄影旅行', description: '走过的地方，拍下的风景', kind: 'article', weight: 2,
    titles: ['{trip}{n}日游记，随手拍了些照片', '{season}的{trip}真的太美了', '用手机拍出好看风景照的{n}个小技巧', '一个人的{trip}之旅', '周末{city}周边游，推荐这条线路'],
    openings: ['终于把照片整理完了，来交作业。', '说走就走的一次旅行，比想象中好太多。', '一直想去{trip}，这次终于成行。'],
    middles: ['行程安排：\n\n- 第一天：到达，逛古城，吃{food}\n- 第二天：早起看日出，下午徒步\n- 第三天：睡懒觉，返程', '拍照小技巧：\n\n1. **早晚的光线**最好看\n2. 找前景，画面会更有层次\n3. 不要怕蹲下或者爬高', '住的民宿老板人特别好，推荐给大家（不是广告）。', '全程花费大概 {n}000 元，淡季去人少还便宜。'],
    endings: ['下次想去{trip2}，有去过的朋友吗？', '照片不多，大家轻拍。', '喜欢的话点个赞吧～'],
    replies: ['太美了吧', '已加入想去清单', '请问是什么季节去的？', '照片好有氛围感', '{trip}我也去过，真的值得', '求民宿名字！', '构图好棒，学习了', '看完想立刻请假出发'],
    tags: ['旅行', '摄影', '游记'],
  },
];

/** Replies that fit under any post. */
export const genericReplies = [
  '赞同楼主', '说得好', '马一下，回头细看', '顶一个', '这个话题有意思', '学习了，谢谢分享', '路过支持一下',
  '我也有同样的感受', '哈哈，楼主太有趣了', '不太同意，不过可以理解', '一口气看完了', '这帖子必须顶上去',
];

/** Replies to another comment; `{to}` is the username being answered. */
export const threadReplies = [
  '@{to} 同意你说的', '@{to} 哈哈哈我也是', '@{to} 具体是怎么做的呀？', '回复 @{to}：可以私信我详细聊',
  '@{to} 谢谢！试了一下确实有用', '@{to} 我觉得还是要看个人情况', '+1，楼上说得对', '楼上正解',
];
