import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSource, orderRotated } from './rotated-order.js';

describe('orderRotated', () => {
  it('puts rotated logs oldest first and the live file last', () => {
    assert.deepEqual(
      orderRotated([
        'access.log',
        'access.log.1',
        'access.log.10.gz',
        'access.log.2.gz',
        'access.log.3.bz2',
        'error.log',
        'error.log.1',
      ]),
      [
        'access.log.10.gz',
        'access.log.3.bz2',
        'access.log.2.gz',
        'access.log.1',
        'access.log',
        'error.log.1',
        'error.log',
      ],
    );
    assert.deepEqual(
      orderRotated(['access.log', 'access.log-20240102.gz', 'access.log-20240101']),
      ['access.log-20240101', 'access.log-20240102.gz', 'access.log'],
    );
  });

  it('names a source after the stream, not the rotation', () => {
    assert.equal(defaultSource('logs', '/var/log/nginx/access.log.2.gz'), 'logs:access.log');
    assert.equal(defaultSource('logs', '/var/log/nginx/'), 'logs:nginx');
    assert.equal(defaultSource('logs', '-'), 'logs:stdin');
  });
});
