export * from './districtCode.js';
export * from './unifiedSocialCreditCode.js';
export * from './patentNumber.js';
export * from './identifiers.js';
