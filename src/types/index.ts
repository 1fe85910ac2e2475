export * from "./backorder"
export * from "./http"
