export { BUILTIN_CONFIDENCE, createBuiltinExtractor } from "./builtin-extractor";
export { CHAT_CONFIDENCE } from "./chat-answer";
export { ChatExtractionError, createChatExtractor, type ChatExtractorSettings } from "./chat-extractor";
export { handleChunksChanged, type PartOutcome } from "./chunks-changed";
export { extractChunks, type ChunkText, type ExtractedChunk } from "./extract-chunks";
export {
  emptyExtraction,
  MAX_ENTITY_NAME_LENGTH,
  type EntityExtractor,
  type ExtractedMention,
  type ExtractedRelation,
  type Extraction,
} from "./extracted";
export { EXTRACTION_ORIGIN } from "./extracted-graph-writes";
export { defaultExtractors, EXTRACTION_CONSUMER_GROUP, extractionConsumer } from "./extraction-consumer";
export { GAZETTEER_CONFIDENCE, gazetteerMentions } from "./gazetteer";
export { mergeMentions } from "./merge-mentions";
export { recordExtractions, type ExtractionTarget } from "./record-extraction";
