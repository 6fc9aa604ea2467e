import { sql, type Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

export async function up(db: Kysely<any>): Promise<void> {
  // Buyers created by SMS code were named after their masked number ("+86138****8000"), which read
  // as a number and put a "+" in their avatar. Those still carrying it get the name new accounts
  // get: "user" and the last four digits, in the account's language. A name a buyer chose is kept.
  await sql`
    update user_account
       set display_name = case locale when 'fr' then 'Client ' when 'en' then 'Buyer ' else '用户' end || substr(phone, 11, 4)
     where role = 'buyer'
       and phone is not null
       and length(phone) = 14
       and display_name = substr(phone, 1, 6) || '****' || substr(phone, 11, 4)
  `.execute(db);
}

export async function down(): Promise<void> {
  // A name is a name: the masked numbers are not brought back.
}
