/**
 * The in-app inbox. `notificationInsert` returns the insert as a query (not run), so the
 * caller puts it in the same D1 batch as the change it reports: a staff reply and its
 * notification land together or not at all.
 */
import type { DB, NotificationKind } from "#db/schema";
import { newId } from "../ids";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** A same-site path the notification opens. */
  link?: string | null;
}

export function notificationInsert(db: DB, notification: NewNotification) {
  return db.insertInto("notifications").values({
    id: newId(),
    user_id: notification.userId,
    kind: notification.kind,
    title: notification.title.slice(0, 200),
    body: (notification.body ?? "").slice(0, 2000),
    link: notification.link ?? null,
  });
}

/** The header's unread count (an index lookup on notifications_unread). */
export function unreadNotificationCount(db: DB, userId: string) {
  return db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
}

/** What the header shows a signed-in person: their token balance and unread count, in one
 * statement (the count uses notifications_unread). */
export function headerBadges(db: DB, userId: string) {
  return db
    .selectFrom("users")
    .select((eb) => [
      "users.token_balance",
      eb
        .selectFrom("notifications")
        .select((n) => n.fn.countAll<number>().as("n"))
        .where("notifications.user_id", "=", userId)
        .where("notifications.read_at", "is", null)
        .as("unread"),
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
}
