import type { Match } from '../../routes.ts';
import { LeaderboardsPage } from './Leaderboards.tsx';
import { LotteriesPage, LotteryPage } from './Lottery.tsx';
import { MallItemPage, MallPage } from './Mall.tsx';
import { OrdersPage } from './Orders.tsx';
import { PointsPage } from './Points.tsx';

/** The growth chunk's one entry: picks the page for the route. */
export default function GrowthPage({ match }: { match: Match }) {
  switch (match.name) {
    case 'points': return <PointsPage />;
    case 'leaderboards': return <LeaderboardsPage match={match} />;
    case 'mall': return <MallPage />;
    case 'mallItem': return <MallItemPage key={match.params.id} match={match} />;
    case 'orders': return <OrdersPage />;
    case 'lotteries': return <LotteriesPage />;
    default: return <LotteryPage key={match.params.id} match={match} />;
  }
}
