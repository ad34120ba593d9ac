/**
 * The creator dashboard's numbers: per bot totals and the last 30 days per day. Every
 * series is one GROUP BY query (by day or by bot) and they all go in one D1 batch, so the
 * page costs one round trip however many bots or days there are.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { DASHBOARD_DAYS, lastDays, perDay, rangeStart } from "./days";

const dayOf = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;

export interface DashboardBot {
  id: string;
  name: string;
  slug: string;
  isPublic: boolean;
  conversations: number;
  conversationsRecent: number;
  likes: number;
  likesRecent: number;
  favorites: number;
  favoritesRecent: number;
  rating: number | null;
  ratingCount: number;
}

export interface Dashboard {
  days: string[];
  bots: DashboardBot[];
  series: { conversations: number[]; likes: number[]; favorites: number[]; followers: number[] };
  followerCount: number | null;
}

export async function loadDashboard(d1: D1Database, db: DB, userId: string, now = new Date()): Promise<Dashboard> {
  const days = lastDays(DASHBOARD_DAYS, now);
  const since = rangeStart(days);
  const myBots = db.selectFrom("bots").select("id").where("created_by_id", "=", userId);

  const [bots, conversationsByDay, interactionsByDay, followsByDay, conversationsByBot, interactionsByBot, profile] =
    await batch(d1, [
      db
        .selectFrom("bots")
        .select([
          "id",
          "name",
          "slug",
          "is_public",
          "conversation_count",
          "likes_count",
          "favorites_count",
          "rating",
          "rating_count",
        ])
        .where("created_by_id", "=", userId)
        .orderBy("conversation_count", "desc")
        .orderBy("name"),
      db
        .selectFrom("conversations as c")
        .select([dayOf("c.created_at").as("day"), (eb) => eb.fn.countAll<number>().as("n")])
        .where("c.bot_id", "in", myBots)
        .where("c.created_at", ">=", since)
        .groupBy("day"),
      db
        .selectFrom("bot_interactions as i")
        .select([dayOf("i.created_at").as("day"), "i.interaction_type", (eb) => eb.fn.countAll<number>().as("n")])
        .where("i.bot_id", "in", myBots)
        .where("i.interaction_type", "in", ["like", "favorite"])
        .where("i.created_at", ">=", since)
        .groupBy(["day", "i.interaction_type"]),
      db
        .selectFrom("follows as f")
        .innerJoin("creator_profiles as p", "p.id", "f.creator_id")
        .select([dayOf("f.created_at").as("day"), (eb) => eb.fn.countAll<number>().as("n")])
        .where("p.user_id", "=", userId)
        .where("f.created_at", ">=", since)
        .groupBy("day"),
      db
        .selectFrom("conversations as c")
        .select(["c.bot_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("c.bot_id", "in", myBots)
        .where("c.created_at", ">=", since)
        .groupBy("c.bot_id"),
      db
        .selectFrom("bot_interactions as i")
        .select(["i.bot_id", "i.interaction_type", (eb) => eb.fn.countAll<number>().as("n")])
        .where("i.bot_id", "in", myBots)
        .where("i.interaction_type", "in", ["like", "favorite"])
        .where("i.created_at", ">=", since)
        .groupBy(["i.bot_id", "i.interaction_type"]),
      db.selectFrom("creator_profiles").select("follower_count").where("user_id", "=", userId),
    ]);

  const recentConversations = new Map(conversationsByBot.map((row) => [row.bot_id, Number(row.n)]));
  const recentInteractions = new Map(
    interactionsByBot.map((row) => [`${row.bot_id}:${row.interaction_type}`, Number(row.n)]),
  );
  return {
    days,
    bots: bots.map((bot) => ({
      id: bot.id,
      name: bot.name,
      slug: bot.slug,
      isPublic: bot.is_public === 1,
      conversations: bot.conversation_count,
      conversationsRecent: recentConversations.get(bot.id) ?? 0,
      likes: bot.likes_count,
      likesRecent: recentInteractions.get(`${bot.id}:like`) ?? 0,
      favorites: bot.favorites_count,
      favoritesRecent: recentInteractions.get(`${bot.id}:favorite`) ?? 0,
      rating: bot.rating,
      ratingCount: bot.rating_count,
    })),
    series: {
      conversations: perDay(days, conversationsByDay),
      likes: perDay(
        days,
        interactionsByDay.filter((row) => row.interaction_type === "like"),
      ),
      favorites: perDay(
        days,
        interactionsByDay.filter((row) => row.interaction_type === "favorite"),
      ),
      followers: perDay(days, followsByDay),
    },
    followerCount: profile[0]?.follower_count ?? null,
  };
}
