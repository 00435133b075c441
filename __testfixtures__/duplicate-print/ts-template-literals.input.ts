import Fastify from "fastify";

const app = Fastify();

export async function start(port: number): Promise<void> {
	console.info(`🚀 ${SERVICE} listening on ${port}`);
	await app.listen({ port });
	console.info(`🚀 ${SERVICE} listening on ${port}`);
	console.info(`got ${a}`);
	console.info(`got ${b}`);
}
