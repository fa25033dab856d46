// The quick start in CommonJS, as the platform's reference writes it.
const { CozeAPI } = require('@coze/client');

const coze = new CozeAPI({
  apiKey: process.env.COZE_API_KEY,
});

async function example() {
  const response = await coze.chat.create({
    messages: [
      {
        role: 'user',
        content: '你好',
      },
    ],
  });
  console.log(response.content);
}

example().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
