export * from "./steps/product-alternative-writes"
export * from "./steps/validate-product-alternatives"
export * from "./workflows/product-alternatives"
