import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { formatDateTime, useI18n } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import { links } from '../routes.ts';
import { LevelChip } from './LevelChip.tsx';
import { useSession } from '../session.tsx';
import type { Comment } from '../types.ts';
import { Avatar } from './Avatar.tsx';
import { HeartIcon } from './icons.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { ReportButton } from './ReportDialog.tsx';

interface Node { comment: Comment; children: Node[]; size: number }

function buildTree(comments: Comment[]): Node[] {
  const nodes = new Map(comments.map((c) => [c.id, { comment: c, children: [] as Node[], size: 0 }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId ? nodes.get(node.comment.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const measure = (n: Node): number => (n.size = n.children.reduce((s, c) => s + 1 + measure(c), 0));
  roots.forEach(measure);
  return roots;
}

/** Threads longer than this start collapsed, so a busy post stays readable on a phone. */
const COLLAPSE_OVER = 4;

export function CommentThread({ postId, comments, onChange }: { postId: string; comments: Comment[]; onChange(next: Comment[]): void }) {
  const { location } = useRouter();
  useEffect(() => {
    // Landing from a notification: bring the reply into view and give it focus.
    const target = location.hash.startsWith('#comment-') ? document.getElementById(location.hash.slice(1)) : null;
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }, [location.hash, comments.length]);
  const tree = buildTree(comments);
  const replace = (c: Comment) => onChange(comments.map((x) => (x.id === c.id ? c : x)));
  const add = (c: Comment) => onChange([...comments, c]);
  return (
    <ol className="comments">
      {tree.map((n) => <CommentItem key={n.comment.id} node={n} postId={postId} depth={0} onAdd={add} onReplace={replace} />)}
    </ol>
  );
}

function CommentItem({ node, postId, depth, onAdd, onReplace }: {
  node: Node; postId: string; depth: number; onAdd(c: Comment): void; onReplace(c: Comment): void;
}) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { location } = useRouter();
  const c = node.comment;
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const containsTarget = location.hash.length > 9 && JSON.stringify(node).includes(`"${location.hash.slice(9)}"`);
  const [open, setOpen] = useState(node.size <= COLLAPSE_OVER || containsTarget);
  const name = c.author.displayName || c.author.username;
  // Held for review: its author still sees it, marked, instead of it silently vanishing.
  const pending = c.status === 'pending';
  const removed = c.status !== 'published' && !pending;

  async function toggleLike() {
    const res = await api<{ liked: boolean; likeCount: number }>(c.likedByMe ? 'DELETE' : 'PUT', `/comments/${c.id}/like`);
    onReplace({ ...c, likedByMe: res.liked, likeCount: res.likeCount });
  }
  async function remove() {
    if (!window.confirm(t('comment.deleteConfirm'))) return;
    await api('DELETE', `/comments/${c.id}`);
    onReplace({ ...c, status: 'hidden', body: '', bodyHtml: '' });
  }
  return (
    <li className="comment" style={{ '--depth': Math.min(depth, 4) } as React.CSSProperties}>
      <article id={`comment-${c.id}`} tabIndex={-1} aria-label={t('comment.replyTo', { name })} className="comment-body">
        <header className="comment-head">
          <Link href={links.profile(c.author.username)} className="byline"><Avatar user={c.author} size={24} /><span>{name}</span><LevelChip level={c.author.level} /></Link>
          <time dateTime={c.createdAt} suppressHydrationWarning>{formatDateTime(c.createdAt, lang)}</time>
          {c.editedAt && <span className="muted">· {t('post.edited')}</span>}
          {pending && <span className="chip chip-pending" data-testid="pending">{t('moderation.pending')}</span>}
        </header>
        {removed ? <p className="muted">{t('comment.removed')}</p> : editing ? (
          <ReplyBox postId={postId} editing={c} label={t('comment.yourReply')} autoFocus onDone={(x) => { onReplace(x); setEditing(false); }} onCancel={() => setEditing(false)} />
        ) : (
          // bodyHtml is rendered and sanitized by the server (allow-list, no scripts or styles).
          <div className="prose" data-body={c.id} dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
        )}
        {!removed && !editing && (
          <div className="comment-actions">
            <button type="button" className="btn-link" aria-pressed={c.likedByMe} disabled={!me} onClick={toggleLike}>
              <HeartIcon filled={c.likedByMe} /><span>{c.likeCount}</span><span className="sr-only">{c.likedByMe ? t('post.unlike') : t('post.like')}</span>
            </button>
            {me && <button type="button" className="btn-link" aria-expanded={replying} onClick={() => setReplying(!replying)}>{t('comment.reply')}</button>}
            {c.canEdit && <button type="button" className="btn-link" onClick={() => setEditing(true)}>{t('post.edit')}</button>}
            {c.canEdit && <button type="button" className="btn-link danger" onClick={remove}>{t('post.delete')}</button>}
            {me && me.id !== c.author.id && <ReportButton targetType="comment" targetId={c.id} />}
          </div>
        )}
      </article>
      {replying && (
        <ReplyBox postId={postId} parentId={c.id} label={t('comment.replyTo', { name })} autoFocus
          onDone={(x) => { onAdd(x); setReplying(false); setOpen(true); }} onCancel={() => setReplying(false)} />
      )}
      {node.children.length > 0 && (
        <>
          <button type="button" className="btn-link thread-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('comment.collapse') : t('comment.expand', { count: node.size })}
          </button>
          {open && (
            <ol className="comments nested">
              {node.children.map((n) => <CommentItem key={n.comment.id} node={n} postId={postId} depth={depth + 1} onAdd={onAdd} onReplace={onReplace} />)}
            </ol>
          )}
        </>
      )}
    </li>
  );
}
