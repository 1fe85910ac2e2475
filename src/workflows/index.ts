export * from "./backorder"
export * from "./product-alternative"
export * from "./arrivals"
