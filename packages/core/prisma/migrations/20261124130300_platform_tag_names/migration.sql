-- Platform tags (partnerId NULL) have unique names too. The unique key ("partnerId", "name") cannot
-- say so: NULLs are distinct in it. Prisma 6 cannot express a partial index, so it is written here.
CREATE UNIQUE INDEX "Tag_platform_name_key" ON "Tag" ("name") WHERE "partnerId" IS NULL;
