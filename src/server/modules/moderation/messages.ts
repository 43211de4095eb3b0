import { registerMessages } from '../../platform/http/index.ts';

registerMessages({
  'zh-CN': {
    'moderation.blocked': '内容包含不允许发布的词语（类别：{category}）',
    'moderation.emptyPattern': '词语去掉空白和符号后不能为空',
    'moderation.wordExists': '该词语已在列表中',
    'moderation.wordNotFound': '找不到该词语',
    'moderation.itemNotFound': '找不到该审核项',
    'moderation.alreadyDecided': '该审核项已经处理过了',
    'moderation.nothingToAppeal': '没有可以申诉的处理决定',
    'moderation.alreadyAppealed': '每项处理只能申诉一次',
    'moderation.targetNotFound': '找不到要举报的内容',
    'moderation.cannotReportSelf': '不能举报自己的内容',
    'moderation.modelNotFound': '找不到该模型版本',
    'moderation.trainingBusy': '已有一次训练正在进行，请稍后再试',
    'moderation.tooFewExamples': '训练样本不足：至少需要 {min} 条，且两类都要有',
  },
  en: {
    'moderation.blocked': 'The text contains a word that is not allowed (category: {category})',
    'moderation.emptyPattern': 'The word is empty once spaces and symbols are removed',
    'moderation.wordExists': 'That word is already listed',
    'moderation.wordNotFound': 'No such word',
    'moderation.itemNotFound': 'No such queue item',
    'moderation.alreadyDecided': 'That item has already been decided',
    'moderation.nothingToAppeal': 'There is no decision to appeal',
    'moderation.alreadyAppealed': 'A decision can be appealed only once',
    'moderation.targetNotFound': 'The item to report does not exist',
    'moderation.cannotReportSelf': 'You cannot report your own content',
    'moderation.modelNotFound': 'No such model version',
    'moderation.trainingBusy': 'A training run is already in progress; try again later',
    'moderation.tooFewExamples': 'Not enough examples to train: at least {min}, with both labels',
  },
});
