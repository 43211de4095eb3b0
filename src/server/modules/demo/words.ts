/**
 * Word lists that fill the demo templates' slots. A slot `{name}` takes one of these; the same
 * slot repeats its value within one text, and `{name2}` draws a second, different one.
 */
export const words = {
  city: ['北京', '上海', '广州', '深圳', '杭州', '成都', '南京', '武汉', '西安', '苏州', '重庆', '长沙', '厦门', '青岛', '昆明', '天津', '合肥', '大连'],
  district: ['望京', '徐汇', '天河', '南山', '西湖边', '高新区', '鼓楼', '光谷', '曲江', '园区', '解放碑', '五一广场'],
  product: ['降噪耳机', '扫地机器人', '咖啡机', '电子阅读器', '机械键盘', '微单相机', '空气炸锅', '平板电脑', '智能手表', '投影仪', '人体工学椅', '露营帐篷'],
  brandish: ['入门款', '旗舰款', '二手的', '去年的老款', '国产的', '打折时买的'],
  app: ['炉边社区App', '网页版', '小程序', '桌面客户端'],
  feature: ['夜间模式', '消息通知', '搜索', '每日签到', '积分商城', '草稿箱', '图片上传', '话题标签', '私信', '收藏夹', '关注动态', '评论楼中楼'],
  hobby: ['徒步', '摄影', '烘焙', '跑步', '手冲咖啡', '看书', '骑行', '桌游', '养猫', '种多肉', '露营', '做饭', '写代码', '学日语', '滑雪', '钓鱼'],
  book: ['《置身事内》', '《三体》', '《被讨厌的勇气》', '《人类简史》', '《活着》', '《穷查理宝典》', '《原则》', '《白夜行》'],
  job: ['产品经理', '程序员', '设计师', '老师', '护士', '会计', '自由职业者', '研究生', '运营', '销售', '摄影师', '咖啡师', '医生', '律师'],
  feeling: ['挺开心的', '有点小激动', '还在摸索中', '收获很大', '有点纠结', '非常满意', '略失望', '意外地好用'],
  praise: ['太实用了', '写得真细', '收藏了', '学到了', '说到心坎里了', '干货满满', '感谢分享'],
  weekday: ['周六', '周日', '周五晚上', '下周六', '本周日'],
  time: ['下午两点', '上午十点', '晚上七点半', '下午三点', '早上九点'],
  place: ['人民公园东门', '市图书馆三楼', '创意园一号楼', '江边步道起点', '社区活动中心', '老街咖啡馆'],
  food: ['火锅', '螺蛳粉', '烤鸭', '小龙虾', '肠粉', '热干面', '肉夹馍', '煎饼果子', '糖水', '烧烤'],
  season: ['秋天', '这个月', '最近', '这段时间', '入冬以来'],
  weather: ['下了一周雨', '突然降温', '秋高气爽', '雾霾有点重', '天天大太阳'],
  trip: ['大理', '阿那亚', '婺源', '黄山', '稻城', '桂林', '敦煌', '喀纳斯', '泉州', '景德镇'],
  problem: ['闪退', '加载很慢', '收不到通知', '图片糊了', '登录后又掉线', '字体太小', '排版乱了'],
  device: ['iPhone', '安卓手机', 'iPad', 'Mac', 'Windows 电脑', '华为平板'],
  pet: ['橘猫', '柯基', '布偶猫', '金毛', '仓鼠', '柴犬'],
  skill: ['时间管理', '记账', '早起', '健身', '做笔记', '读书', '学英语', '控制情绪'],
} as const satisfies Record<string, readonly string[]>;

export type Slot = keyof typeof words;

/** Members: display name, pinyin-like username, home city, job and what they like. */
export const people: readonly { name: string; username: string }[] = [
  { name: '林小满', username: 'linxiaoman' }, { name: '阿杰', username: 'ajie_sz' },
  { name: '橘子汽水', username: 'juzi_qishui' }, { name: '程序员老王', username: 'laowang_dev' },
  { name: '周末去爬山', username: 'zhoumo_pashan' }, { name: '苏晴', username: 'suqing' },
  { name: '陈一一', username: 'chenyiyi' }, { name: '大鹏', username: 'dapeng88' },
  { name: '米粒', username: 'mili_mili' }, { name: '许知远行', username: 'xu_zhiyuan' },
  { name: '张小北', username: 'zhangxiaobei' }, { name: '糖糖', username: 'tangtang' },
  { name: '老猫', username: 'laomao' }, { name: '何夕', username: 'hexi_' },
  { name: '一只鹿', username: 'yizhilu' }, { name: '王二狗', username: 'wangergou' },
  { name: '小鱼干', username: 'xiaoyugan' }, { name: '沈星河', username: 'shen_xinghe' },
  { name: '咖啡续命', username: 'kafei_xuming' }, { name: '李栗子', username: 'lilizi' },
  { name: '赵大侠', username: 'zhaodaxia' }, { name: '云朵', username: 'yunduo' },
  { name: '胖虎', username: 'panghu' }, { name: '夏天的风', username: 'xiatian_feng' },
  { name: '吴老师', username: 'wu_laoshi' }, { name: '阿九', username: 'ajiu' },
  { name: '孙小圣', username: 'sun_xiaosheng' }, { name: '青柠', username: 'qingning' },
  { name: '北方的狼', username: 'beifang_lang' }, { name: '小土豆', username: 'xiaotudou' },
  { name: '郑好', username: 'zhenghao' }, { name: '半糖', username: 'bantang' },
  { name: '刘看山', username: 'liu_kanshan' }, { name: '芒果布丁', username: 'mangguo_buding' },
  { name: '叶子', username: 'yezi_ye' }, { name: '马克', username: 'make_ma' },
  { name: '慢慢走', username: 'manman_zou' }, { name: '黄小厨', username: 'huang_xiaochu' },
  { name: '七七', username: 'qiqi77' }, { name: '高冷的喵', username: 'gaoleng_miao' },
  { name: '杨帆', username: 'yangfan' }, { name: '晓雯', username: 'xiaowen' },
];

/** Bios, filled with the member's own city, job and hobby. */
export const bios = [
  '{city}人，{job}，业余爱好{hobby}。',
  '在{city}打工的{job}，最近迷上了{hobby}，欢迎交流～',
  '{job}一枚。喜欢{hobby}和{hobby2}，偶尔写点东西。',
  '坐标{city}，{hobby}爱好者，家里有只{pet}。',
  '白天是{job}，晚上是{hobby}选手。',
  '慢慢生活，认真{hobby}。',
  '{city} · {job} · {hobby}',
  '',
];
