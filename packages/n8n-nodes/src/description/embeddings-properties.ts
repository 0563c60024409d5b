import { DEFAULT_HOME } from '@aegis-llm/core';
import { NodeConnectionTypes, type INodeProperties } from 'n8n-workflow';
import { tagsOptionField } from './chat-option-fields.js';
import { modelProperty, type ModelPropertyOptions } from './model-property.js';

/**
 * The parameters of an embeddings sub-node: the model, for AnyLLM its vector
 * length (what makes it an embedding model for the gateway), and the options
 * n8n's own embeddings nodes offer (dimensions), plus the ledger folder and
 * the spend's tags (the workflow, execution and node are tagged already).
 */
export function embeddingsProperties(model: ModelPropertyOptions, askVectorLength: boolean): INodeProperties[] {
  return [
    {
      displayName:
        'This node must be connected to a vector store. <a data-action="openSelectiveNodeCreator" data-action-parameter-connectiontype="' +
        NodeConnectionTypes.AiVectorStore +
        '">Insert one</a>',
      name: 'notice',
      type: 'notice',
      default: '',
    },
    modelProperty(model),
    ...(askVectorLength
      ? [
          {
            displayName: 'Vector Length',
            name: 'vectorLength',
            type: 'number',
            default: 0,
            typeOptions: { minValue: 0 },
            description:
              "Length of the model's vectors (e.g. 1024 for bge-m3, 768 for nomic-embed-text). Makes the model an embedding model for Aegis LLM; 0: the model is one your config file declares. Price it in the credential's Model Prices (input, 0).",
          } satisfies INodeProperties,
        ]
      : []),
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [
        {
          displayName: 'Dimensions',
          name: 'dimensions',
          type: 'number',
          default: 1024,
          typeOptions: { minValue: 1 },
          description:
            'Vector length to ask the model for, where it offers a choice (text-embedding-v4: 64 to 2048). Every document and query of one vector store must use the same.',
        },
        {
          displayName: 'Spend Ledger Folder',
          name: 'dataDir',
          type: 'string',
          default: '',
          placeholder: DEFAULT_HOME,
          description: "Folder of the spend record for this node, instead of the credential's (Spend Ledger Folder there)",
        },
        tagsOptionField(),
      ],
    },
  ];
}
