export function checkConversation(_recent: string[], _message: string) { return null as null | { level: string; id: string }; }
