import { defineConfig } from "vitest/config";

// `pnpm exec vitest` at the root runs every package as one vitest project (handy in an editor);
// `pnpm test` runs each package's own config through turbo instead.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
