// Vite's `?raw` suffix imports a file's text; the tests use it for fixtures, as workerd has no file system.
declare module "*.txt?raw" {
  const text: string;
  export default text;
}
