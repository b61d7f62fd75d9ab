// Vite's `?raw` suffix imports a file's text and `?inline` a data URL of its bytes; the tests use them for
// fixtures, as workerd has no file system.
declare module "*?raw" {
  const text: string;
  export default text;
}
declare module "*?inline" {
  const dataUrl: string;
  export default dataUrl;
}
