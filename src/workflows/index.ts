export * from "./backorder"
export * from "./product-alternative"
