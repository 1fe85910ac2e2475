import type { ChildProcess } from "node:child_process"

export type MedusaProcess = {
  name: string
  mode: "server" | "worker" | "shared"
  port: number
  base: string
  child: ChildProcess
  logs: string[]
}

export type DemoApp = {
  base: string
  fixture: any
  env: Record<string, string | undefined>
  processes: Map<string, MedusaProcess>
  readonly server: ChildProcess
  addProcess(
    name: string,
    mode: "server" | "worker" | "shared",
    env?: Record<string, string>
  ): Promise<MedusaProcess>
  stopProcess(name: string, signal?: NodeJS.Signals): Promise<void>
  stop(): Promise<void>
}

export const root: string

export function startDemoApp(options: {
  port: number
  databaseUrl?: string
  dataDir: string
  freshDatabase?: boolean
  adminEmail: string
  adminPassword: string
  quietServer?: boolean
  command?: "develop" | "start"
  backorderOptions?: Record<string, unknown>
  env?: Record<string, string>
  log: (message: string) => void
}): Promise<DemoApp>
