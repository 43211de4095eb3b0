import { Type } from '@sinclair/typebox';
import { Id, IsoTime, Page, PageQuery } from '../../platform/http/index.ts';
import { actions, cycles } from './config.ts';
import { boards } from './leaderboards.ts';
import { periods } from './periods.ts';

const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const Points = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const OptionalTime = Type.Optional(Type.Union([IsoTime, Type.Null()]));

export const Privileges = Type.Object({
  canPostLinks: Type.Boolean(),
  canCreateGroups: Type.Boolean(),
  canCreateEvents: Type.Boolean(),
  dailyPostLimit: Type.Integer({ minimum: 0, maximum: 100_000 }),
  flagWeight: Type.Integer({ minimum: 0, maximum: 100 }),
});

export const PointsSummary = Type.Object({
  balance: Type.Integer(),
  earned: Type.Integer({ description: 'Points earned in total; levels follow this, so spending never lowers a level' }),
  level: Type.Object({ number: Type.Integer(), name: Type.String(), nextAt: Nullable(Type.Integer()), privileges: Privileges }),
  streak: Type.Integer({ description: 'Consecutive check-in days (Asia/Shanghai calendar days)' }),
});

export const LedgerEntry = Type.Object({
  id: Type.String(),
  amount: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Type.String(),
  refType: Type.Union([Type.String(), Type.Null()]),
  refId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoTime,
});
export const LedgerPage = Page(LedgerEntry);
export const LedgerQuery = Type.Object(PageQuery);

export const CheckinResult = Type.Object({ awarded: Type.Integer(), streak: Type.Integer() });
export const CalendarQuery = Type.Object({ month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })) });
export const Calendar = Type.Object({
  month: Type.String(),
  today: Type.String(),
  timeZone: Type.String(),
  checkedInToday: Type.Boolean(),
  streak: Type.Integer(),
  makeUpEnabled: Type.Boolean(),
  days: Type.Array(Type.Object({ day: Type.String(), streak: Type.Integer(), awarded: Type.Integer() })),
});

export const Task = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('newcomer'), Type.Literal('daily')]),
  title: Type.String(),
  progress: Type.Integer(),
  target: Type.Integer(),
  reward: Type.Integer(),
  done: Type.Boolean(),
  rewarded: Type.Boolean(),
});
export const TaskList = Type.Object({ items: Type.Array(Task) });

export const Rule = Type.Object({
  action: Type.Union(actions.map((a) => Type.Literal(a))),
  points: Type.Integer({ minimum: 0, maximum: 100_000 }),
  cycle: Type.Union(cycles.map((c) => Type.Literal(c))),
  cap: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()], { description: 'Times per cycle the action earns; null: no cap' }),
});
export const RuleList = Type.Object({ items: Type.Array(Rule) });
export const RulesBody = Type.Object({ rules: Type.Array(Rule, { minItems: 1, maxItems: actions.length }) });

export const Level = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 10 }),
  nameZh: Type.String({ minLength: 1, maxLength: 32 }),
  nameEn: Type.String({ minLength: 1, maxLength: 32 }),
  threshold: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  privileges: Privileges,
});
export const LevelList = Type.Object({ items: Type.Array(Level) });
export const LevelsBody = Type.Object({ levels: Type.Array(Level, { minItems: 10, maxItems: 10 }) });

export const BoardParams = Type.Object({ board: Type.Union(boards.map((b) => Type.Literal(b))) });
export const BoardQuery = Type.Object({
  period: Type.Optional(Type.Union(periods.map((p) => Type.Literal(p)), { default: 'all' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const BoardResponse = Type.Object({
  board: Type.String(),
  period: Type.String(),
  periodKey: Type.String(),
  items: Type.Array(Type.Object({ rank: Type.Integer(), value: Type.Integer(), user: Type.Object({ id: Type.String(), username: Type.String() }) })),
  me: Type.Union([Type.Object({ rank: Type.Integer(), value: Type.Integer() }), Type.Null()]),
});

export const GrantBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: { const: 0 } }),
  reason: Type.String({ minLength: 1, maxLength: 200 }),
});
export const EntryResponse = Type.Object({ entry: LedgerEntry });

export const Badge = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  kind: Type.Union([Type.Literal('rule'), Type.Literal('manual')]),
  grantedAt: Type.Optional(IsoTime),
});
export const BadgeList = Type.Object({ items: Type.Array(Badge) });
export const BadgeBody = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$' }),
  nameZh: Type.String({ minLength: 1, maxLength: 64 }),
  nameEn: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
});
export const BadgeParams = Type.Object({ slug: Type.String({ maxLength: 64 }) });
export const BadgeGrantBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

export const Invite = Type.Object({ code: Type.String(), url: Type.String() });

export const ItemKind = Type.Union([Type.Literal('virtual'), Type.Literal('physical')]);
export const MallItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: ItemKind,
  price: Type.Integer(),
  stock: Type.Integer({ description: 'What is left' }),
  perMemberLimit: Nullable(Type.Integer()),
  startsAt: Type.Union([IsoTime, Type.Null()]),
  endsAt: Type.Union([IsoTime, Type.Null()]),
  createdAt: IsoTime,
});
export const ItemBody = Type.Object({
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  kind: ItemKind,
  price: Points,
  stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  perMemberLimit: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()])),
  startsAt: OptionalTime,
  endsAt: OptionalTime,
});
export const ItemList = Type.Object({ items: Type.Array(MallItem) });
export const IdParams = Type.Object({ id: Id });
export const Shipping = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Type.String({ minLength: 3, maxLength: 32 }),
  address: Type.String({ minLength: 1, maxLength: 500 }),
});
export const RedeemBody = Type.Object({ shipping: Type.Optional(Shipping) });
export const Order = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('fulfilled'), Type.Literal('cancelled')]),
  itemId: Type.String(),
  price: Type.Integer(),
  userId: Type.String(),
  shipping: Type.Union([Shipping, Type.Null()]),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export const OrderPage = Page(Order);
export const OrdersQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('fulfilled'), Type.Literal('cancelled')])),
});
export const OrderPatch = Type.Object({ status: Type.Union([Type.Literal('fulfilled'), Type.Literal('cancelled')]) });

export const LotteryBody = Type.Object({
  name: Name,
  cost: Points,
  prizes: Type.Array(Type.Object({ name: Name, weight: Type.Integer({ minimum: 1, maximum: 1_000_000 }), stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }), { minItems: 1, maxItems: 50 }),
  blankWeight: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Weight of drawing no prize' })),
  perMemberDailyLimit: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()])),
  startsAt: OptionalTime,
  endsAt: OptionalTime,
});
export const Lottery = Type.Object({
  id: Type.String(),
  name: Type.String(),
  cost: Type.Integer(),
  blankWeight: Type.Integer(),
  perMemberDailyLimit: Nullable(Type.Integer()),
  startsAt: Type.Union([IsoTime, Type.Null()]),
  endsAt: Type.Union([IsoTime, Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  seedHash: Type.String({ description: 'hex SHA-256 of the secret seed, published at creation' }),
  seed: Type.Union([Type.String(), Type.Null()], { description: 'hex seed, published once the lottery is closed' }),
  createdAt: IsoTime,
  closedAt: Type.Union([IsoTime, Type.Null()]),
  prizes: Type.Array(Type.Object({ name: Type.String(), weight: Type.Integer(), stock: Type.Integer() })),
});
export const LotteryList = Type.Object({ items: Type.Array(Lottery) });
export const Draw = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  prize: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
  candidates: Type.Array(Type.Object({ name: Type.String(), weight: Type.Integer(), blank: Type.Boolean() })),
  createdAt: IsoTime,
});
export const DrawPage = Type.Object({
  items: Type.Array(Draw),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  seedHash: Type.String(),
  seed: Type.Union([Type.String(), Type.Null()]),
});
