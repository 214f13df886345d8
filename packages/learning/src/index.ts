export const PACKAGE = '@spinsnn/learning';
