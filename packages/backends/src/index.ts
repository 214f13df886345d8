export const PACKAGE = '@spinsnn/backends';
