import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

/** Field-level validation failure, the same shape for every endpoint. */
export const ErrorResponse = z
  .object({
    error: z.string().openapi({ example: 'validation' }),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional(),
  })
  .openapi('Error');

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerToken', { type: 'http', scheme: 'bearer', description: 'An API token (prb_…) issued by a system administrator, with scopes.' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'probity.sid', description: 'A signed-in browser session; unsafe methods also need the X-CSRF-Token header.' });
  registry.register('Error', ErrorResponse);
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Probity API',
      version: '1.0.0',
      description: 'Integrity management for a UK police force. Every read and write of a personal record is authorised and audited.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerToken: [] }, { session: [] }],
  });
}

export type { OpenAPIRegistry };
