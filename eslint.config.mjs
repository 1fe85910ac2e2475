// Medusa's own conventions as lint rules (`npm run lint` = `medusa lint`).
import medusa from "@medusajs/eslint-plugin"

export default [
  {
    ignores: [
      ".medusa/**",
      ".data/**",
      "node_modules/**",
      "storefront/dist/**",
      "coverage/**",
    ],
  },
  ...medusa.configs.recommended,
  {
    // Scripts, fixtures, benchmarks, tests and the dev app's config are not
    // served over HTTP: a plain Error is what they should throw.
    files: [
      "dev/**",
      "bench/**",
      "scripts/**",
      "integration-tests/**",
      "**/__tests__/**",
      "medusa-config.ts",
    ],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
]
