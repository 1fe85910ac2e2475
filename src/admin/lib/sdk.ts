import Medusa from "@medusajs/js-sdk"

/** The one SDK instance of the plugin's admin extensions (session auth, like the dashboard). */
export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})

/** The backend's origin without a trailing slash ("" when the admin is served by the backend), for download links. */
export const backendUrl = () =>
  (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__
    ? __BACKEND_URL__
    : ""
  ).replace(/\/+$/, "")
