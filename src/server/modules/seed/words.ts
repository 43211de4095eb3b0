/**
 * Vocabulary for synthetic posts, most frequent first: the generator picks words by a Zipf
 * law over these ranks, so a few words are very common and the tail is rare, as in real text.
 * Topics follow what a general-interest community talks about.
 */
export const zhWords = `
我们 这个 一个 没有 大家 可以 什么 时候 觉得 因为 所以 但是 如果 还是 已经 现在 问题 自己 知道 今天
朋友 喜欢 应该 需要 感觉 方法 分享 推荐 经验 社区 帖子 回复 讨论 建议 最近 一下 比较 非常 真的 其实
工作 生活 学习 城市 周末 电影 音乐 咖啡 早餐 晚饭 旅行 火车 地铁 天气 下雨 阳光 春天 夏天 秋天 冬天
手机 电脑 键盘 屏幕 软件 程序 代码 数据库 服务器 网络 浏览器 系统 版本 更新 插件 配置 性能 速度 内存 硬盘
相机 照片 镜头 风景 山路 海边 公园 图书馆 书店 小说 作者 故事 历史 文化 语言 翻译 汉字 英语 考试 老师
学生 学校 大学 专业 论文 项目 团队 会议 老板 同事 面试 简历 工资 房租 搬家 装修 厨房 菜谱 面条 米饭
饺子 火锅 茶叶 水果 蔬菜 鸡蛋 牛奶 面包 蛋糕 甜点 味道 做饭 超市 市场 价格 便宜 质量 品牌 快递 包裹
健身 跑步 游泳 骑车 爬山 篮球 足球 比赛 球队 训练 身体 睡觉 早起 习惯 计划 目标 时间 效率 记录 笔记
游戏 玩家 关卡 角色 剧情 画面 音效 手柄 存档 攻略 猫咪 小狗 宠物 花园 植物 阳台 种子 浇水 开花 叶子
孩子 父母 家人 老家 过年 中秋 礼物 生日 聚会 婚礼 心情 压力 开心 难过 担心 放松 安静 热闹 简单 复杂
开源 贡献 文档 测试 部署 容器 接口 前端 后端 框架 算法 排序 缓存 索引 查询 日志 监控 备份 安全 密码
自行车 摄影 绘画 书法 钢琴 吉他 唱歌 跳舞 话剧 展览 博物馆 动物园 高铁 机场 签证 护照 酒店 民宿 行李 地图
邻居 小区 物业 停车 电梯 快餐 外卖 饭店 厨师 食材 调料 酱油 辣椒 大蒜 生姜 葱花 豆腐 白菜 土豆 番茄
`.trim().split(/\s+/);

export const enWords = `
the and a to of in is it that for you was with on this have are be at not but what all
just like one about so out if can my get would there know they your people think time some when
really good how more make also from new way any first them use then other only now into over
work home week day night city train coffee music book movie weather rain summer winter spring autumn
phone laptop keyboard screen software code database server network browser system version update plugin
config speed memory disk camera photo lens river mountain beach park library story history culture language
translation teacher student school project team meeting interview resume salary rent kitchen recipe noodles rice
dumplings tea fruit bread cake flavor cooking market price quality brand package running swimming cycling hiking
basketball football match training sleep habit plan goal notes game player level character boss controller save
guide cat dog garden plant balcony seed flower family parents holiday gift birthday party wedding mood stress
relax quiet simple complex open source docs testing deploy container api frontend backend framework algorithm
cache index query logs backup security password bicycle painting piano guitar singing museum zoo airport visa
hotel luggage map neighbor elevator delivery restaurant chef tofu cabbage potato tomato garlic ginger chili
community thread reply advice question answer beginner expert tutorial review benchmark release feature bug
`.trim().split(/\s+/);

/** Topic tags: the first ones are attached to many posts, the last ones to a few. */
export const tagNames = `
求助 分享 讨论 新手 教程 经验 推荐 问答 闲聊 公告 rust typescript node sqlite postgres linux
cooking travel music movies books games photography fitness gardening pets parenting career jobs design
美食 旅行 音乐 电影 读书 游戏 摄影 健身 园艺 宠物 育儿 职场 设计 编程 数据库 开源 硬件 手机 效率
`.trim().split(/\s+/);

export const categoryDefs: { slug: string; name: string; description: string }[] = [
  { slug: 'general', name: '综合讨论', description: '什么都可以聊 / Anything goes' },
  { slug: 'tech', name: 'Tech', description: '软件、硬件与编程 / Software, hardware and code' },
  { slug: 'life', name: '生活', description: '日常、家庭与城市 / Everyday life' },
  { slug: 'food', name: 'Food', description: '做饭与美食 / Cooking and eating' },
  { slug: 'travel', name: '旅行', description: '路上的故事 / On the road' },
  { slug: 'games', name: 'Games', description: '游戏与玩家 / Games and players' },
  { slug: 'books', name: '读书', description: '书与作者 / Books and authors' },
  { slug: 'help', name: 'Help', description: '提问与回答 / Questions and answers' },
];
