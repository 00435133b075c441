// What BuildKit refuses before it builds anything is a syntax error: the file is reported and
// no rule edits it. What it accepts must not be one (a false error hides the file from every rule).
import { describe, it, expect } from 'vitest';
import { dockerfile } from '../src/languages/dockerfile.js';

const errorsOf = (text: string) => dockerfile.errors(dockerfile.parse(text), text).map((e) => e.message);

describe('Dockerfile syntax errors', () => {
  it.each([
    ['FROM python;3.7 alpine\n', /FROM needs an image/],
    ['FROM python;3.7\n', /"python;3\.7" is not a valid image reference/],
    ['FROM Python:3.9\n', /not a valid image reference/],
    ['FROM python:3.9 as\n', /FROM needs an image/],
    ['FROM python:3.9 AS 1st\n', /"1st" is not a valid stage name/],
    ['FROM python:3.9-slim\nCOPY\n', /COPY needs a source and a destination \(line 2\)/],
    ['FROM python:3.9-slim\nCOPY app.py\n', /COPY needs a source/],
    ['FROM python:3.9-slim\nADD ["app.py"]\n', /ADD needs a source/],
    ['FROM python:3.9-slim\nWORKDIR\n', /WORKDIR needs an argument/],
    ['FROM python:3.9-slim\nENV DEBUG\n', /ENV DEBUG has no value/],
  ])('%j', (text, message) => expect(errorsOf(text).join('\n')).toMatch(message));

  it.each([
    'FROM python:3.9-slim\nCOPY ["a","b"]\n',
    'FROM python:3.9-slim\nCOPY --chown=1:1 --from=build /a /b\n',
    'FROM python:3.9-slim\nCOPY <<EOF /etc/x.conf\nkey=value\nEOF\n',
    'FROM --platform=$BUILDPLATFORM python:3.9-slim AS build\n',
    'ARG IMAGE=python\nFROM ${IMAGE}:3.9 AS Build\n',
    'FROM localhost:5000/team/python:3.9\n',
    'FROM 933375035704.dkr.ecr.us-east-1.amazonaws.com/python:3.8.0-alpine\n',
    `FROM python:3.9@sha256:${'a'.repeat(64)}\n`,
    'FROM scratch\n',
    'FROM python:3.9-slim\nENV A B\nENV C=1 D="two words"\n',
    'FROM python:3.9-slim\nHEALTHCHECK NONE\nUSER app:app\nWORKDIR /srv/my app\n',
  ])('accepts %j', (text) => expect(errorsOf(text)).toEqual([]));
});
