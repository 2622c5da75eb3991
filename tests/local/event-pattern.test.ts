import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import { matchesPattern, validatePattern } from '../../local/bus/event-pattern.js';

// The example event of the EventBridge user guide ("Amazon EventBridge event patterns").
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    location: 'eu-west-1',
    tags: ['blue', 'production'],
    nothing: null,
  },
};

describe('EventBridge pattern matcher', () => {
  it.each([
    ['exact source', { source: ['aws.ec2'] }, true],
    ['one of several values', { detail: { state: ['running', 'terminated'] } }, true],
    ['a value not listed', { detail: { state: ['running'] } }, false],
    ['all fields must match', { source: ['aws.ec2'], 'detail-type': ['Other'] }, false],
    ['prefix', { detail: { location: [{ prefix: 'eu-' }] } }, true],
    ['prefix not matching', { detail: { location: [{ prefix: 'us-' }] } }, false],
    ['suffix', { detail: { 'instance-id': [{ suffix: 'def0' }] } }, true],
    [
      'equals-ignore-case',
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      true,
    ],
    ['anything-but a value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
    ['anything-but the value present', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, false],
    ['anything-but a prefix', { detail: { location: [{ 'anything-but': { prefix: 'us-' } }] } }, true],
    ['exists true', { detail: { 'c-count': [{ exists: true }] } }, true],
    ['exists true on a missing field', { detail: { 'z-count': [{ exists: true }] } }, false],
    ['exists false on a missing field', { detail: { 'z-count': [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { 'c-count': [{ exists: false }] } }, false],
    ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    ['numeric equals', { detail: { 'd-count': [{ numeric: ['=', 3] }] } }, true],
    ['numeric outside range', { detail: { 'x-limit': [{ numeric: ['<', 300] }] } }, false],
    ['numeric against a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
    ['array field: any element matches', { detail: { tags: ['production'] } }, true],
    ['array field: no element matches', { detail: { tags: ['staging'] } }, false],
    ['null value', { detail: { nothing: [null] } }, true],
    ['missing field is not anything-but', { detail: { absent: [{ 'anything-but': 'x' }] } }, false],
    ['$or of alternatives', { detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [3] }] } }, true],
    ['$or none matching', { detail: { $or: [{ 'c-count': [9] }, { 'd-count': [9] }] } }, false],
    ['empty pattern matches everything', {}, true],
  ])('%s', (_, pattern, expected) => {
    validatePattern(pattern);
    expect(matchesPattern(pattern, ec2Event)).toBe(expected);
  });

  it('refuses operators it does not implement, so a rule cannot silently differ from AWS', () => {
    expect(() => validatePattern({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } })).toThrow(/Unsupported operator/);
    expect(() => validatePattern({ source: 'aws.ec2' })).toThrow(/array or an object/);
    expect(() => validatePattern({ detail: { n: [{ numeric: ['>>', 1] }] } })).toThrow(/numeric/);
  });

  it('accepts every pattern declared in the wiring', () => {
    for (const fn of FUNCTIONS) {
      for (const trigger of fn.triggers) if (trigger.kind === 'event') validatePattern(trigger.pattern);
    }
  });
});
