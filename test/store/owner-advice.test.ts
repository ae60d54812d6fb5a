import { describe, expect, it, vi } from 'vitest';
import { ownerAdvice } from '../../src/store/generations.js';

// a user the system has no entry for (a container run with an arbitrary user id): os.userInfo throws
vi.mock('node:os', async (original) => {
  const os = await original<typeof import('node:os')>();
  const userInfo = () => {
    throw Object.assign(new Error('A system error occurred: uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
  };
  return { ...os, default: { ...os, userInfo }, userInfo };
});

describe('the advice on another user’s index folder', () => {
  it('names this user by number when the system has no name for it, rather than failing', () => {
    expect(ownerAdvice('/srv/wenda/index')).toBe(`build as the user that owns the index folder, or give it to this user: chown -R ${process.getuid!()} /srv/wenda/index`);
  });
});
