import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";

/*
 * Module boundaries (docs/architecture.md, "Layout"): apps import libs; libs never import apps; a service
 * lib never imports another service lib — it calls another service only through that service's
 * client lib. Client libs see only their own service's router type.
 *
 * Which libs may import which. `servicePeers` lets a service's test harness boot the services it
 * calls (lore's tests run the vector service): production code reaches a peer only by its client.
 */
const moduleBoundaries = (servicePeers) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  // Only test files import the harness (see the no-restricted-imports rule below), and the
  // harness necessarily builds on the libs it tests, so cycles through it are test-only.
  ignoredCircularDependencies: [["testing", "tag:type:platform"]],
  depConstraints: [
    {
      sourceTag: "type:app",
      onlyDependOnLibsWithTags: ["type:service", "type:platform", "type:contracts"],
    },
    {
      sourceTag: "type:service",
      onlyDependOnLibsWithTags: [
        "type:platform",
        "type:contracts",
        "type:client",
        "type:client-core",
        "type:testing",
        ...servicePeers,
      ],
    },
    {
      sourceTag: "type:client",
      onlyDependOnLibsWithTags: ["type:service", "type:client-core", "type:contracts"],
    },
    { sourceTag: "type:client-core", onlyDependOnLibsWithTags: ["type:contracts"] },
    // The platform client test boots every service in-process, hence service and testing.
    {
      sourceTag: "type:client-root",
      onlyDependOnLibsWithTags: ["type:client", "type:client-core", "type:service", "type:testing"],
    },
    {
      sourceTag: "type:platform",
      onlyDependOnLibsWithTags: ["type:platform", "type:contracts", "type:testing"],
    },
    {
      sourceTag: "type:testing",
      onlyDependOnLibsWithTags: ["type:platform", "type:contracts", "type:client-core"],
    },
    { sourceTag: "type:contracts", onlyDependOnLibsWithTags: ["type:contracts"] },
    // Each service may reach only its own client and service code, plus what it calls by client.
    { sourceTag: "scope:auth", onlyDependOnLibsWithTags: ["scope:auth", "scope:shared"] },
    { sourceTag: "scope:org", onlyDependOnLibsWithTags: ["scope:org", "scope:shared"] },
    {
      sourceTag: "scope:lore",
      onlyDependOnLibsWithTags: ["scope:lore", "scope:shared", "scope:vector", "scope:storage"],
    },
    { sourceTag: "scope:vector", onlyDependOnLibsWithTags: ["scope:vector", "scope:shared"] },
    { sourceTag: "scope:telemetry", onlyDependOnLibsWithTags: ["scope:telemetry", "scope:shared"] },
    { sourceTag: "scope:storage", onlyDependOnLibsWithTags: ["scope:storage", "scope:shared"] },
  ],
});

export default [
  { ignores: ["**/node_modules/**", "**/dist/**", ".data/**", ".nx/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@nx": nx },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@nx/enforce-module-boundaries": ["error", moduleBoundaries([])],
    },
  },
  {
    files: ["libs/services/*/src/testing/**/*.ts", "libs/services/*/src/**/*.test.ts"],
    rules: { "@nx/enforce-module-boundaries": ["error", moduleBoundaries(["type:service"])] },
  },
  // No SQL built from strings where requests run (one SQL injection would reach withSystem, which
  // bypasses RLS): kysely's sql template binds every value as a parameter. Migrations, tools, tests
  // and the test harness name tables and columns in DDL, so they are left out.
  {
    files: ["libs/**/*.ts", "apps/**/*.ts"],
    ignores: [
      "**/*.test.ts",
      "libs/platform/db/src/migrations/**",
      "libs/platform/testing/**",
      "libs/**/src/testing/**",
      "tools/**/testing/**",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='sql'][callee.property.name=/^(raw|lit)$/]",
          message: "sql.raw/sql.lit put text into SQL unbound; pass values through the sql template as parameters.",
        },
        {
          selector:
            "CallExpression[callee.object.name='sql'][callee.property.name=/^(id|ref|table)$/] > :not(Literal).arguments",
          message:
            "Name tables and columns with string literals only; an identifier from a variable can be steered by input.",
        },
        {
          selector: "CallExpression[callee.object.name='CompiledQuery'][callee.property.name='raw']",
          message: "CompiledQuery.raw sends text as SQL; build the query with kysely or the sql template.",
        },
        {
          selector: "CallExpression[callee.property.name='query'] > TemplateLiteral.arguments[expressions.length>0]",
          message: "Do not interpolate into SQL text; pass values as parameters ($1, …).",
        },
        {
          selector: "CallExpression[callee.property.name='query'] > BinaryExpression.arguments[operator='+']",
          message: "Do not concatenate SQL text; pass values as parameters ($1, …).",
        },
      ],
    },
  },
  {
    files: ["**/*.ts"],
    ignores: [
      "**/*.test.ts",
      "libs/platform/testing/**",
      "libs/**/src/testing/**",
      "tools/**/testing/**",
      "tools/db-types/**",
      "tools/bench/**",
      "tools/security-sweep/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@cauldron/testing", message: "The test harness is for test files only." }] },
      ],
    },
  },
];
