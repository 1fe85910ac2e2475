export function freePort(preferred?: number): Promise<number>
export function recreateDatabase(url: string, name: string): Promise<string>
