import type { UserSummary } from '../types.ts';

/** An avatar image, or the first letter of the name on a colour derived from the username. */
export function Avatar({ user, size = 32 }: { user: Pick<UserSummary, 'username' | 'displayName' | 'avatarUrl'>; size?: number }) {
  const name = user.displayName || user.username;
  if (user.avatarUrl) {
    return <img className="avatar" src={user.avatarUrl} alt="" width={size} height={size} loading="lazy" />;
  }
  let hue = 0;
  for (const ch of user.username) hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  return (
    <span className="avatar avatar-letter" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.45, background: `hsl(${hue} 45% 38%)` }}>
      {[...name][0]?.toUpperCase()}
    </span>
  );
}
