/**
 * Icons: each shape is drawn once, in a sprite the layout renders at the top of every page, and
 * used by reference — a thread of fifty comments carries fifty short <use> tags instead of fifty
 * copies of the heart. Decorative, so hidden from assistive technology; buttons carry the name.
 */
const search = <><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>;
const bell = <><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /></>;
const pen = <><path d="M12 20h9" /><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" /></>;
const heart = <path d="M19 14c1.5-1.5 3-3.2 3-5.5A5.5 5.5 0 0 0 16.5 3c-1.8 0-3 .5-4.5 2-1.5-1.5-2.7-2-4.5-2A5.5 5.5 0 0 0 2 8.5c0 2.3 1.5 4 3 5.5l7 7Z" />;
const comment = <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />;
const moon = <path d="M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9Z" />;
const shapes = { search, bell, pen, heart, comment, moon };

export function IconSprite() {
  return (
    <svg width="0" height="0" className="icon-sprite" aria-hidden="true" focusable="false">
      {Object.entries(shapes).map(([id, shape]) => (
        <symbol key={id} id={`icon-${id}`} viewBox="0 0 24 24">
          <g stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">{shape}</g>
        </symbol>
      ))}
    </svg>
  );
}

const icon = (id: keyof typeof shapes, filled = false) => (
  <svg width="20" height="20" fill={filled ? 'currentColor' : 'none'} aria-hidden="true" focusable="false"><use href={`#icon-${id}`} /></svg>
);

export const SearchIcon = () => icon('search');
export const BellIcon = () => icon('bell');
export const PenIcon = () => icon('pen');
export const HeartIcon = ({ filled }: { filled?: boolean }) => icon('heart', filled);
export const CommentIcon = () => icon('comment');
export const MoonIcon = () => icon('moon');
