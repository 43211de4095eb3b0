import { registerMessages } from '../../platform/http/index.ts';

registerMessages({
  'zh-CN': {
    'search.noWords': '搜索内容需要包含文字或数字，不能只有标点或空白',
    'search.wordRule': '自定义词须为 2–20 个汉字或假名',
    'search.wordExists': '词典里已经有这个词了',
    'search.wordNotFound': '词典里没有这个词',
    'search.tooManyWords': '自定义词典最多 {limit} 个词',
  },
  en: {
    'search.noWords': 'The search needs at least one letter or digit, not only punctuation or spaces',
    'search.wordRule': 'A custom word is 2–20 Chinese characters or kana',
    'search.wordExists': 'That word is already in the dictionary',
    'search.wordNotFound': 'That word is not in the dictionary',
    'search.tooManyWords': 'The custom dictionary holds at most {limit} words',
  },
});
