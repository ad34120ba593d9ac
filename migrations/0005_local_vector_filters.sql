-- Migration 5 (knowledge): indexes for the local vector index's metadata filters.
-- Retrieval always filters by the bot (knowledge), the collection (public collections a
-- bot draws on) or the person (memories); without these every query reads every vector's
-- metadata. The expressions match the SQL LocalVectorIndex writes: json_extract(metadata, '$.field').
CREATE INDEX local_vectors_bot ON local_vectors(index_name, json_extract(metadata, '$.bot_id'));
CREATE INDEX local_vectors_collection ON local_vectors(index_name, json_extract(metadata, '$.collection_id'));
CREATE INDEX local_vectors_user ON local_vectors(index_name, json_extract(metadata, '$.user_id'));
