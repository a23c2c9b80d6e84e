export { createVectorRouter, vectorService, type VectorRouter } from "./vector-service";
