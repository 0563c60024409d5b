export { TAG, TAG_NAME_PATTERN, MAX_TAGS, MAX_TAG_VALUE_LENGTH, type WellKnownTag } from './tag-names.js';
export { checkTags, type TagProblem } from './check-tags.js';
export { tagsToObject, type TagList } from './tag-list.js';
export { mergeTags } from './merge-tags.js';
export { tagScope, splitTagScope, checkTagScope, type TagScope } from './tag-scope.js';
