/**
 * Tests run against a real MongoDB-compatible server; see test/setup/globalSetup.ts. ts-jest
 * only transpiles (tsconfig.json sets isolatedModules): `npm run typecheck` checks the types.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
  testTimeout: 30000,
};
