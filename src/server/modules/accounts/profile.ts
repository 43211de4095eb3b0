import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { nowIso } from '../../platform/db/index.ts';
import { fail, invalidField, ok, registerMessages, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';
import type { AccountsService } from './service.ts';
import type SharpModule from 'sharp';

registerMessages({
  'zh-CN': {
    'accounts.wrongPassword': '当前密码不正确',
    'accounts.badImage': '无法读取这张图片，请上传 PNG、JPEG 或 WebP 格式',
    'accounts.badLocale': '不支持该语言',
  },
  en: {
    'accounts.wrongPassword': 'The current password is not correct',
    'accounts.badImage': 'That image could not be read; upload a PNG, JPEG or WebP file',
    'accounts.badLocale': 'That language is not supported',
  },
});

export const ProfileBody = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 64 })),
  bio: Type.Optional(Type.String({ maxLength: 500 })),
  locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en'), Type.Null()])),
}, { additionalProperties: false });

export const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
}, { additionalProperties: false });

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const AVATAR_SIZE = 256;

/** Where avatars live: under the data directory, so backups carry them. */
export function avatarDir(ctx: ModuleContext): string {
  return path.join(ctx.config.dataDir, 'uploads', 'avatars');
}

/** Profile edits, password change and avatars: what a member changes about themselves. */
export class ProfileService {
  constructor(private readonly ctx: ModuleContext, private readonly accounts: AccountsService) {}

  async update(userId: string, input: { displayName?: string; bio?: string; locale?: string | null }): Promise<Result<null>> {
    const changes: { display_name?: string; bio?: string; locale?: string | null; updated_at: string } = { updated_at: nowIso() };
    if (input.displayName !== undefined) {
      const name = input.displayName.trim();
      const refused = name ? await this.accounts.refusedProfileText('displayName', name) : null;
      if (refused) return refused;
      changes.display_name = name;
    }
    if (input.bio !== undefined) {
      const bio = input.bio.trim();
      const refused = bio ? await this.accounts.refusedProfileText('bio', bio) : null;
      if (refused) return refused;
      changes.bio = bio;
    }
    if (input.locale !== undefined) changes.locale = input.locale;
    await this.ctx.outbox.transaction(async (trx, emit) => {
      await trx.updateTable('users').set(changes).where('id', '=', userId).execute();
      if (changes.display_name !== undefined || changes.bio !== undefined) emit('accounts.profile.updated', { userId });
    });
    return ok(null);
  }

  async changePassword(userId: string, current: string, next: string): Promise<Result<null>> {
    const row = await this.accounts.findById(userId);
    if (!row) return fail('notFound', 'accounts.userNotFound');
    if (!(await verifyPassword(row.password_hash, current))) return invalidField('currentPassword', 'accounts.wrongPassword');
    const weak = checkPassword(next, row.username);
    if (weak) {
      return fail('invalid', 'error.validation', undefined, {
        errors: (weak.errors ?? []).map((e) => ({ ...e, field: 'newPassword' })),
      });
    }
    await this.ctx.db.updateTable('users').set({ password_hash: await hashPassword(next), updated_at: nowIso() }).where('id', '=', userId).execute();
    return ok(null);
  }

  /** Decodes the upload with sharp and stores a square WebP; the original bytes are never served. */
  async setAvatar(userId: string, image: unknown): Promise<Result<string>> {
    if (!Buffer.isBuffer(image) || image.length === 0) return invalidField('avatar', 'accounts.badImage');
    const sharp = await loadSharp();
    let webp: Buffer;
    try {
      webp = await sharp(image, { limitInputPixels: 40_000_000 }).rotate()
        .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
    } catch {
      return invalidField('avatar', 'accounts.badImage');
    }
    const dir = avatarDir(this.ctx);
    await fs.mkdir(dir, { recursive: true });
    const file = `${userId.toLowerCase()}-${randomBytes(6).toString('hex')}.webp`;
    await fs.writeFile(path.join(dir, file), webp);
    const previous = (await this.accounts.findById(userId))?.avatar_url;
    const url = `/uploads/avatars/${file}`;
    await this.ctx.db.updateTable('users').set({ avatar_url: url, updated_at: nowIso() }).where('id', '=', userId).execute();
    if (previous?.startsWith('/uploads/avatars/')) await fs.rm(path.join(dir, path.basename(previous)), { force: true });
    return ok(url);
  }
}

type Sharp = typeof SharpModule;
let sharpModule: Promise<Sharp> | undefined;

/**
 * sharp is loaded on the first upload, not at start: libvips takes about 18 MB of a server's
 * memory as soon as it is loaded, and most servers decode an image now and then at most. Its
 * cache of operations is off for the same reason (avatars are each decoded once).
 */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return sharpModule;
}
