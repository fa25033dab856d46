// The platform reference's Node.js SDK example with `import` instead of `require`.
import { CozeAPI } from '@coze/client';

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
