export function checkReplyText(_text: string) { return { harmful: false } as { harmful: boolean; reason?: string }; }
