/**
 * A minimal storefront for `npm run demo` (not published): what a customer
 * sees of backorders — the product page's availability message, the cart's
 * backorder notice before payment, and the account's orders with per-line
 * status and dates — through @medusajs/js-sdk and the plugin's store routes.
 */
import Medusa from "@medusajs/js-sdk"

declare const __STORE__: {
  baseUrl: string
  publishableKey: string
  regionId: string
  countryCode: string
  shippingOptionId: string
}

const store = __STORE__
const sdk = new Medusa({
  baseUrl: store.baseUrl,
  publishableKey: store.publishableKey,
  auth: { type: "jwt" },
})
const app = document.getElementById("app")!

const dateOf = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short" })
const esc = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!)

type Availability = {
  variant_id: string
  available_quantity: number | null
  backorderable: boolean
  estimated_at: string | null
}

/** "In stock", "Backorder — ships around 12 Dec", "Backorder", or "Sold out". */
function availabilityMessage(a: Availability | undefined): { text: string; css: string } {
  if (!a || a.available_quantity === null || a.available_quantity > 0) {
    return { text: "In stock", css: "in-stock" }
  }
  if (a.backorderable) {
    return a.estimated_at && Date.parse(a.estimated_at) > Date.now()
      ? { text: `Backorder — ships around ${dateOf(a.estimated_at)}`, css: "backorder" }
      : { text: "Backorder", css: "backorder" }
  }
  return { text: "Sold out", css: "sold-out" }
}

const cartId = () => localStorage.getItem("cart_id")

async function ensureCart(): Promise<string> {
  const existing = cartId()
  if (existing) {
    return existing
  }
  const { cart } = await sdk.store.cart.create({ region_id: store.regionId })
  localStorage.setItem("cart_id", cart.id)
  return cart.id
}

async function shop() {
  const { products } = await sdk.store.product.list({
    region_id: store.regionId,
    fields: "id,title,*variants,*variants.calculated_price",
    limit: 50,
  })
  const variantIds = products.flatMap((p) => (p.variants ?? []).map((v) => v.id))
  const { variants } = await sdk.client.fetch<{ variants: Availability[] }>(
    "/store/backorders/availability",
    { query: { variant_id: variantIds } }
  )
  const byId = new Map(variants.map((v) => [v.variant_id, v]))
  app.innerHTML = `<h1>Shop</h1>${products
    .flatMap((p) =>
      (p.variants ?? []).map((v) => {
        const message = availabilityMessage(byId.get(v.id))
        return `<div class="card row" data-testid="product" data-title="${esc(p.title)}">
          <div><strong>${esc(p.title)}</strong> <span class="muted">${esc(v.title ?? "")}</span>
            <div class="${message.css}" data-testid="availability">${esc(message.text)}</div></div>
          <button data-add="${v.id}" ${message.css === "sold-out" ? "disabled" : ""}>Add to cart</button>
        </div>`
      })
    )
    .join("")}`
  app.querySelectorAll<HTMLButtonElement>("button[data-add]").forEach((button) =>
    button.addEventListener("click", async () => {
      button.disabled = true
      await sdk.store.cart.createLineItem(await ensureCart(), {
        variant_id: button.dataset.add!,
        quantity: 1,
      })
      location.hash = "#/cart"
    })
  )
}

type CartPreview = {
  estimated_at: string | null
  lines: { line_item_id: string; title: string; quantity: number; quantity_waiting: number; estimated_at: string | null }[]
}

async function cart() {
  const id = cartId()
  if (!id) {
    app.innerHTML = `<h1>Cart</h1><p class="muted">Your cart is empty.</p>`
    return
  }
  const { cart } = await sdk.store.cart.retrieve(id)
  const preview = await sdk.client.fetch<CartPreview>(`/store/carts/${id}/backorders`)
  const waiting = preview.lines.filter((l) => l.quantity_waiting > 0)
  const notice = waiting.length
    ? `<div class="notice" data-testid="cart-backorder-notice"><strong>Some items are on backorder.</strong><br/>${waiting
        .map(
          (l) =>
            `${l.quantity_waiting} × ${esc(l.title)} ${
              l.estimated_at ? `— expected around ${dateOf(l.estimated_at)}` : "— no date yet"
            }`
        )
        .join("<br/>")}<br/><span class="muted">The rest ships when everything is in; we will email you when your order is ready.</span></div>`
    : ""
  app.innerHTML = `<h1>Cart</h1>${notice}<div class="card"><table>${(cart.items ?? [])
    .map((i) => `<tr><td>${esc(i.product_title ?? i.title)}</td><td>× ${i.quantity}</td></tr>`)
    .join("")}</table></div>
    <div class="card"><p class="muted">Sign in under Account to place the order as yourself.</p>
    <button id="place" data-testid="place-order" ${cart.items?.length ? "" : "disabled"}>Place order</button></div>`
  document.getElementById("place")?.addEventListener("click", async (event) => {
    ;(event.target as HTMLButtonElement).disabled = true
    const me = await sdk.store.customer.retrieve().catch(() => null)
    await sdk.store.cart.update(id, {
      email: me?.customer.email ?? "guest@example.com",
      shipping_address: {
        first_name: "Sam",
        last_name: "Buyer",
        address_1: "12 Market Street",
        city: "Springfield",
        postal_code: "12345",
        country_code: store.countryCode,
      },
    })
    await sdk.store.cart.addShippingMethod(id, { option_id: store.shippingOptionId })
    const { cart: withShipping } = await sdk.store.cart.retrieve(id)
    await sdk.store.payment.initiatePaymentSession(withShipping, { provider_id: "pp_system_default" })
    const result = await sdk.store.cart.complete(id)
    localStorage.removeItem("cart_id")
    location.hash = result.type === "order" ? "#/account" : "#/cart"
  })
}

type StoreBackorder = {
  order_id: string
  display_id: number
  status: "waiting" | "ready" | "canceled"
  estimated_at: string | null
  lines: { line_item_id: string; title: string; quantity: number; quantity_ready: number; quantity_waiting: number; estimated_at: string | null }[]
}

async function account() {
  const me = await sdk.store.customer.retrieve().catch(() => null)
  if (!me) {
    app.innerHTML = `<h1>Account</h1><div class="card">
      <p><input id="email" placeholder="Email" value="shopper@example.com" />
      <input id="password" type="password" placeholder="Password" value="demo-password" />
      <button id="login" data-testid="login">Sign in or register</button></p></div>`
    document.getElementById("login")!.addEventListener("click", async () => {
      const email = (document.getElementById("email") as HTMLInputElement).value
      const password = (document.getElementById("password") as HTMLInputElement).value
      const loggedIn = await sdk.auth.login("customer", "emailpass", { email, password }).catch(() => null)
      if (!loggedIn) {
        await sdk.auth.register("customer", "emailpass", { email, password })
        await sdk.store.customer.create({ email })
        await sdk.auth.login("customer", "emailpass", { email, password })
      }
      const id = cartId()
      if (id) {
        await sdk.store.cart.transferCart(id)
      }
      await account()
    })
    return
  }
  const { backorders } = await sdk.client.fetch<{ backorders: StoreBackorder[] }>(
    "/store/customers/me/backorders"
  )
  const label = { waiting: "Waiting for stock", ready: "Ready to ship", canceled: "Canceled" }
  app.innerHTML = `<h1>Your orders</h1><p class="muted">${esc(me.customer.email)}</p>${
    backorders.length
      ? backorders
          .map(
            (b) => `<div class="card" data-testid="order-backorder">
        <div class="row"><strong>Order #${b.display_id}</strong>
          <span class="${b.status === "waiting" ? "backorder" : "in-stock"}">${label[b.status]}${
            b.estimated_at ? ` — expected around ${dateOf(b.estimated_at)}` : ""
          }</span></div>
        <table>${b.lines
          .map(
            (l) => `<tr data-testid="order-line"><td>${esc(l.title)}</td><td>${l.quantity_ready} ready</td>
              <td>${l.quantity_waiting ? `${l.quantity_waiting} waiting${l.estimated_at ? ` (around ${dateOf(l.estimated_at)})` : ""}` : ""}</td></tr>`
          )
          .join("")}</table></div>`
          )
          .join("")
      : `<p class="muted">No order waits for stock.</p>`
  }`
}

async function route() {
  const page = location.hash.replace(/^#\/?/, "")
  try {
    await (page === "cart" ? cart() : page === "account" ? account() : shop())
  } catch (error) {
    app.innerHTML = `<p class="sold-out">${esc((error as Error).message)}</p>`
  }
}
window.addEventListener("hashchange", route)
route()
