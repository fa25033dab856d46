// The platform reference's Node.js SDK example, as written there, with @coze/client as the module.
// The base URL comes from COZE_BASE_URL (the tests point it at the embedded server).
const { CozeAPI } = require('@coze/client');

const coze = new CozeAPI({
    apiKey: 'YOUR_API_KEY'
});

async function example() {
    const response = await coze.chat.create({
        messages: [{
            role: 'user',
            content: '你好'
        }]
    });
    console.log(response.content);
}

example();
