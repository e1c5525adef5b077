import { describe, expect, it } from 'vitest';
import { findMigrations, splitStatements } from './migrate.js';

describe('splitStatements', () => {
  it('splits at semicolons outside quotes, dollar-quoted bodies and comments', () => {
    const sql = `create table a (x text default 'a;b'); -- a comment; with a semicolon
create function f() returns trigger language plpgsql as $$ begin raise exception 'x;y'; end; $$;
insert into a values ('it''s;fine')`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain("raise exception 'x;y'; end;");
    expect(parts[2]).toBe("insert into a values ('it''s;fine')");
  });

  it('finds every migration once, in name order, platform first', () => {
    const names = findMigrations().map((m) => m.name);
    expect(names[0]).toBe('2026112301_platform');
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });
});
