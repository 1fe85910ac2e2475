const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const testMatch = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  // Several Medusa processes on Redis, started like `npm run demo` does.
  "integration:processes": ["**/integration-tests/processes/**/*.spec.[jt]s"],
  bench: ["**/bench/**/*.bench.[jt]s"],
}

const all = [
  ...testMatch.unit,
  ...testMatch["integration:modules"],
  ...testMatch["integration:http"],
  ...testMatch["integration:processes"],
  // The benchmark at a small size, so it keeps compiling and running.
  ...testMatch.bench,
]

module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript", decorators: true } },
        // import() stays import(): the process specs load the demo's ES modules.
        module: { type: "commonjs", ignoreDynamic: true },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: testMatch[process.env.TEST_TYPE] ?? all,
  // A Medusa app booted by a spec is not all freed when it stops: Jest replaces
  // its worker once the heap in use passes this after a file, rather than let
  // later specs run in a swollen heap. Needs workers: --runInBand (-i) or
  // --detectOpenHandles turn it off.
  workerIdleMemoryLimit: "512MB",
}
