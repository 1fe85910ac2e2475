export * from "./backorder"
