/**
 * Words too common to narrow a search: function words of Chinese and English. A query drops
 * them when it has other words ("backend 这个" searches "backend"), as a page of results is
 * about the other words anyway, and requiring them costs a walk through two of the longest
 * lists in the index (hundreds of milliseconds for a pair that rarely meets, on a large
 * site). A query made only of them keeps its first one. Our own list, normalised forms.
 */
const words = `
a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its
just me more my no not now of on only or our out over she so some such than that the their them then there these
they this those to too us was we were what when where which who why will with would you your also any about all get
的 了 是 在 和 也 就 都 与 着 或 及 而 我 你 他 她 它 这 那 不 很 吗 呢 吧 啊 个 把 被 让 给 从 到 为 对
我们 你们 他们 她们 它们 这个 那个 一个 这些 那些 一些 没有 可以 什么 怎么 为什么 时候 因为 所以 但是 如果 还是 已经
现在 自己 一下 比较 非常 真的 其实 这样 那样 就是 还有 而且 或者 然后 虽然 可能 觉得 应该
`.trim().split(/\s+/);

const stopwords = new Set(words);

export function isStopword(normalizedWord: string): boolean {
  return stopwords.has(normalizedWord);
}
