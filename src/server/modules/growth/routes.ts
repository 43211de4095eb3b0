import { Type } from '@sinclair/typebox';
import { raise, responses, translate } from '../../platform/http/index.ts';
import { idempotent } from '../../platform/idempotency/index.ts';
import type { Routes } from '../../platform/module.ts';
import { calendar, checkIn } from './checkin.ts';
import { currentLevels, currentRules, forgetSettings, loadLevels, loadRules, saveLevels, saveRules } from './config.ts';
import { readBoard } from './leaderboards.ts';
import { periodKey, shanghaiDay } from './periods.ts';
import {
  BadgeBody, BadgeGrantBody, BadgeList, BadgeParams, BoardParams, BoardQuery, BoardResponse, Calendar, CalendarQuery, CheckinResult,
  EntryResponse, GrantBody, Invite, LedgerPage, LedgerQuery, LevelList, LevelsBody, PointsSummary, RuleList, RulesBody, TaskList,
} from './schema.ts';
import type { GrowthService } from './service.ts';

const IDEMPOTENT = 'Honours the Idempotency-Key header: a repeated key replays the first response; the same key with another body is 422.';

export function growthRoutes(growth: GrowthService): Routes {
  return async (app) => {
    const { db } = app.hearth;
    const tags = ['growth'];

    app.get('/me/points', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My points balance, level and check-in streak', response: responses({ 200: PointsSummary }) },
    }, async (request) => growth.summary(request.actor!.userId, request.lang));

    app.get('/me/points/ledger', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My ledger entries, newest first', querystring: LedgerQuery, response: responses({ 200: LedgerPage }) },
    }, async (request) => growth.ledger(request.actor!.userId, request.query.limit ?? 20, request.query.cursor));

    app.post('/me/checkin', {
      config: { auth: 'user' },
      schema: {
        tags, summary: 'Daily check-in (签到)',
        description: `One per Asia/Shanghai calendar day; a second the same day is 409. ${IDEMPOTENT}`,
        response: responses({ 201: CheckinResult }),
      },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({ status: 201, body: await checkIn(trx, request.actor!.userId) })));

    app.get('/me/checkin/calendar', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My check-ins in a month (YYYY-MM, Asia/Shanghai)', querystring: CalendarQuery, response: responses({ 200: Calendar }) },
    }, async (request) => calendar(db, request.actor!.userId, request.query.month ?? shanghaiDay().slice(0, 7)));

    app.get('/me/tasks', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Newcomer and daily tasks with progress; due rewards are paid on the way', response: responses({ 200: TaskList }) },
    }, async (request) => ({
      items: (await growth.tasks(request.actor!.userId)).map((t) => ({ ...t, title: translate(request.lang, `growth.task.${t.id}`) })),
    }));

    app.get('/me/badges', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My badges', response: responses({ 200: BadgeList }) },
    }, async (request) => ({ items: await growth.badgesOf(request.actor!.userId, request.lang) }));

    app.get('/users/:username/badges', {
      config: { auth: 'public' },
      schema: { tags, summary: "A member's badges", params: Type.Object({ username: Type.String({ maxLength: 64 }) }), response: responses({ 200: BadgeList }) },
    }, async (request) => {
      const user = await db.selectFrom('users').select(['id', 'status']).where('username_lower', '=', request.params.username.toLowerCase()).executeTakeFirst();
      if (!user || user.status !== 'active') raise('notFound', 'growth.userNotFound');
      return { items: await growth.badgesOf(user.id, request.lang) };
    });

    app.get('/me/invite', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My invite code and link (register with inviteCode to credit me)', response: responses({ 200: Invite }) },
    }, async (request) => {
      const code = await growth.invites.codeOf(request.actor!.userId);
      return { code, url: `${app.hearth.config.baseUrl.replace(/\/$/, '')}/register?invite=${code}` };
    });

    app.get('/growth/rules', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Earning rules', response: responses({ 200: RuleList }) },
    }, async () => ({ items: Object.values(await currentRules(db)) }));

    app.put('/growth/rules', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags, summary: 'Change earning rules (the listed actions only)', description: IDEMPOTENT, body: RulesBody, response: responses({ 200: RuleList }) },
    }, async (request, reply) => {
      const saved = await idempotent(db, request, reply, async (trx) => {
        await saveRules(trx, request.body.rules);
        return { status: 200, body: { items: Object.values(await loadRules(trx)) } };
      });
      forgetSettings(db);
      return saved;
    });

    app.get('/growth/levels', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Levels Lv1–Lv10 with thresholds (earned points) and privileges', response: responses({ 200: LevelList }) },
    }, async () => ({ items: await currentLevels(db) }));

    app.put('/growth/levels', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags, summary: 'Replace the ten levels', description: IDEMPOTENT, body: LevelsBody, response: responses({ 200: LevelList }) },
    }, async (request, reply) => {
      const levels = [...request.body.levels].sort((a, b) => a.number - b.number);
      const ordered = levels.every((l, i) => l.number === i + 1 && (i === 0 ? l.threshold === 0 : l.threshold > levels[i - 1]!.threshold));
      if (!ordered) raise('invalid', 'error.validation', undefined, { errors: [{ field: 'levels', key: 'growth.levelOrder' }] });
      const saved = await idempotent(db, request, reply, async (trx) => {
        await saveLevels(trx, levels);
        return { status: 200, body: { items: await loadLevels(trx) } };
      });
      forgetSettings(db);
      return saved;
    });

    app.get('/growth/leaderboards/:board', {
      config: { auth: 'public' },
      schema: {
        tags, summary: 'Leaderboard (points earned, posts, likes received, accepted answers)',
        description: 'Periods are Asia/Shanghai calendar day, ISO week, month, or all time. Ties share a rank. `answers` stays empty until Q&A exists.',
        params: BoardParams, querystring: BoardQuery, response: responses({ 200: BoardResponse }),
      },
    }, async (request) => {
      const period = request.query.period ?? 'all';
      const page = await readBoard(db, request.params.board, period, request.query.limit ?? 20, request.actor?.userId);
      return { board: request.params.board, period, periodKey: periodKey(period), ...page };
    });

    app.post('/growth/grants', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: {
        tags, summary: 'Grant (or, with a negative amount, deduct) points', description: `A deduction may not take a balance below zero (422). ${IDEMPOTENT}`,
        body: GrantBody, response: responses({ 201: EntryResponse }),
      },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 201, body: { entry: await growth.grant(trx, request.actor!.userId, request.body) },
    })));

    app.get('/growth/badges', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Every badge', response: responses({ 200: BadgeList }) },
    }, async (request) => ({ items: await growth.allBadges(request.lang) }));

    app.post('/growth/badges', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags, summary: 'Create a manual badge', description: IDEMPOTENT, body: BadgeBody, response: responses({ 201: Type.Object({ badge: Type.Object({ slug: Type.String() }) }) }) },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => {
      const row = await growth.createBadge(trx, request.body);
      return { status: 201, body: { badge: { slug: row.slug } } };
    }));

    app.post('/growth/badges/:slug/grants', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags, summary: 'Grant a badge to a member', description: IDEMPOTENT, params: BadgeParams, body: BadgeGrantBody, response: responses({ 201: Type.Object({ granted: Type.Boolean() }) }) },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => {
      await growth.grantManualBadge(trx, request.actor!.userId, request.params.slug, request.body.username);
      return { status: 201, body: { granted: true } };
    }));

  };
}
