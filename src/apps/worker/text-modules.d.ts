// wrangler.jsonc's `rules` bundle YAML files as Text modules: importing one gives its text.
declare module "*.yaml" {
  const text: string;
  export default text;
}
